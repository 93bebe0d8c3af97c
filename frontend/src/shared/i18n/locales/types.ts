import type { en } from './en';

/** The same tree of keys as the English texts, each leaf any string. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export type Messages = Widen<typeof en>;
