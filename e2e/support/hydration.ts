import type { Locator } from "@playwright/test";

/**
 * Waits until React has hydrated the element (its fiber is attached to the DOM node). The pages
 * are server-rendered, so a control is visible before its handlers exist: a click or keystroke
 * that lands first does nothing, as on a slow phone. Tests that act at once wait for this.
 */
export async function hydrated(locator: Locator): Promise<Locator> {
  await locator.evaluate(
    (element) =>
      new Promise<void>((resolve) => {
        const check = () => (Object.keys(element).some((key) => key.startsWith("__reactFiber$")) ? resolve() : setTimeout(check, 50));
        check();
      }),
  );
  return locator;
}
