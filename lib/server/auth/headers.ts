/**
 * Security headers for every response (set by proxy.ts).
 *
 * Pages get a Content Security Policy with a per-request nonce: Next reads the nonce from the
 * request's CSP header and puts it on its own scripts, and 'strict-dynamic' lets those load the
 * rest of the app; no other script runs. Styles allow 'unsafe-inline' because React style
 * attributes (charts, widths) are inline styles; styles cannot run code. The JSON API and static
 * files get a policy that allows nothing at all.
 */
import "server-only";

export interface HeaderOptions {
  /** Per-request nonce (pages). */
  nonce?: string;
  /** `next dev` needs eval (React's debugging) and a websocket (hot reload). */
  dev: boolean;
  https: boolean;
}

export function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const LOCKED_DOWN_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function securityHeaders(options: HeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": options.nonce ? pageCsp(options.nonce, options.dev) : LOCKED_DOWN_CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-DNS-Prefetch-Control": "off",
  };
  if (options.https) headers["Strict-Transport-Security"] = "max-age=31536000";
  return headers;
}

/** A random nonce, base64 (Web Crypto: the proxy may run where node:crypto is not the default). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
