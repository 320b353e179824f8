/** Severity of a finding, as oasdiff's levels: ERR breaks clients, WARN may, INFO does not. */
export type Level = 'ERR' | 'WARN' | 'INFO';
