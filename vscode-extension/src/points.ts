// What the editor shows for a file's switch points: which lines get which gutter icon,
// where next/previous go, which points sit under the cursor. No VS Code here, so the
// unit tests run in plain Node.
import { LspPosition, YieldPoint } from './protocol';

export interface GutterLines {
    /** Lines with at least one point that certainly switches. */
    certain: number[];
    /** Lines whose every point only possibly switches (the fainter icon). */
    possible: number[];
}

function compare(a: LspPosition, b: LspPosition): number {
    return a.line - b.line || a.character - b.character;
}

/** The points the user asked to see: all of them, or only the certain ones. */
export function shownPoints(points: readonly YieldPoint[], showPossible: boolean): YieldPoint[] {
    return showPossible ? [...points] : points.filter((p) => p.certainty === 'certain');
}

/** One gutter icon per line, keyed by the line a point starts on. */
export function gutterLines(points: readonly YieldPoint[]): GutterLines {
    const lineIsCertain = new Map<number, boolean>();
    for (const p of points) {
        const line = p.range.start.line;
        lineIsCertain.set(line, (lineIsCertain.get(line) ?? false) || p.certainty === 'certain');
    }
    const certain: number[] = [];
    const possible: number[] = [];
    for (const [line, isCertain] of lineIsCertain) {
        (isCertain ? certain : possible).push(line);
    }
    const ascending = (a: number, b: number) => a - b;
    return { certain: certain.sort(ascending), possible: possible.sort(ascending) };
}

function sortedStarts(points: readonly YieldPoint[]): LspPosition[] {
    // Several points may start at one position (a call inside a subscript); visit it once.
    const starts = points.map((p) => p.range.start).sort(compare);
    return starts.filter((s, i) => i === 0 || compare(starts[i - 1], s) !== 0);
}

/** The first point starting after the cursor; past the last one, the first one again. */
export function nextPoint(points: readonly YieldPoint[], cursor: LspPosition): LspPosition | undefined {
    const starts = sortedStarts(points);
    return starts.find((s) => compare(s, cursor) > 0) ?? starts[0];
}

/** The last point starting before the cursor; before the first one, the last one. */
export function previousPoint(points: readonly YieldPoint[], cursor: LspPosition): LspPosition | undefined {
    const starts = sortedStarts(points);
    const before = starts.filter((s) => compare(s, cursor) < 0);
    return before.length ? before[before.length - 1] : starts[starts.length - 1];
}

/**
 * The points the cursor is in, innermost first; if it is in none, the points on its line.
 * This is what "show the chain of the point under the cursor" explains.
 */
export function pointsAt(points: readonly YieldPoint[], cursor: LspPosition): YieldPoint[] {
    const containing = points.filter((p) => compare(p.range.start, cursor) <= 0 && compare(cursor, p.range.end) <= 0);
    if (containing.length) {
        const size = (p: YieldPoint) => [p.range.end.line - p.range.start.line, p.range.end.character - p.range.start.character];
        return containing.sort((a, b) => {
            const [la, ca] = size(a);
            const [lb, cb] = size(b);
            return la - lb || ca - cb;
        });
    }
    return points.filter((p) => p.range.start.line === cursor.line);
}

/** The status bar text for a file: how many points it has, and how many only possibly switch. */
export function countLabel(points: readonly YieldPoint[]): string {
    const possible = points.filter((p) => p.certainty === 'possible').length;
    const n = points.length;
    const noun = n === 1 ? 'switch point' : 'switch points';
    return possible ? `${n} ${noun} (${possible} possible)` : `${n} ${noun}`;
}
