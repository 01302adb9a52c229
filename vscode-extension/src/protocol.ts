// The switchpoint server's custom LSP messages, as the server contract defines them.
// Positions are LSP positions: 0-based lines, UTF-16 code units.

export const YIELD_POINTS_REQUEST = 'switchpoint/yieldPoints';
export const YIELD_POINTS_CHANGED_NOTIFICATION = 'switchpoint/yieldPointsChanged';

export interface LspPosition {
    line: number;
    character: number;
}

export interface LspRange {
    start: LspPosition;
    end: LspPosition;
}

export type Certainty = 'certain' | 'possible';

export interface YieldPoint {
    range: LspRange;
    kind: string;
    certainty: Certainty;
    /** The enclosing function, then the callees, down to the switching primitive. */
    chain: string[];
}

export interface YieldPointsParams {
    textDocument: { uri: string };
}

export interface YieldPointsReply {
    uri: string;
    version: number | null;
    /** Sorted by position. */
    points: YieldPoint[];
}

export interface YieldPointsChanged {
    uri: string;
    version: number | null;
    count: number;
}
