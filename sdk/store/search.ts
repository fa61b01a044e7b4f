/**
 * What a search of the executions list (`ExecutionQuery.nameOrId`) finds, on every backend: the
 * text anywhere in the execution's name or in its id, ignoring the case of ASCII letters. Only
 * ASCII, because that is what SQLite's LIKE folds; names and ids are ASCII anyway (letters,
 * digits, '-' and '_'), so nothing a person can look for is lost.
 */
export function matchesNameOrId(text: string, name: string, executionId: string): boolean {
  const wanted = foldAsciiCase(text);
  return foldAsciiCase(name).includes(wanted) || foldAsciiCase(executionId).includes(wanted);
}

function foldAsciiCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
