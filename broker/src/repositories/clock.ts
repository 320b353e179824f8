/** Current time as an ISO string. Tests may replace it (`setClock`) to travel in time. */
let nowFn: () => Date = () => new Date();

export const nowIso = (): string => nowFn().toISOString();

export function setClock(fn: (() => Date) | undefined): void {
  nowFn = fn ?? (() => new Date());
}
