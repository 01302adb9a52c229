// Decorations and navigation from a `switchpoint/yieldPoints` reply.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { countLabel, gutterLines, nextPoint, pointsAt, previousPoint, shownPoints } from '../points';
import { Certainty, YieldPoint, YieldPointsReply } from '../protocol';

function point(line: number, start: number, end: number, certainty: Certainty, chain = ['f', 'gevent.sleep']): YieldPoint {
    return { range: { start: { line, character: start }, end: { line, character: end } }, kind: 'call', certainty, chain };
}

// The shape of a reply for the IODict program: `t[key] += 1` on line 14 is a read and a
// write (both certain), line 9 has one possible point, line 20 a certain and a possible one.
const reply: YieldPointsReply = {
    uri: 'file:///w/iodict.py',
    version: 3,
    points: [
        point(9, 8, 20, 'possible'),
        point(14, 8, 14, 'certain'),
        point(14, 8, 19, 'certain'),
        point(20, 4, 10, 'possible'),
        point(20, 12, 30, 'certain'),
    ],
};

describe('gutterLines', () => {
    it('puts one icon on each line with a point', () => {
        const lines = gutterLines(reply.points);
        assert.deepEqual([...lines.certain, ...lines.possible].sort((a, b) => a - b), [9, 14, 20]);
    });

    it('uses the faint icon only where every point on the line is possible', () => {
        assert.deepEqual(gutterLines(reply.points), { certain: [14, 20], possible: [9] });
    });

    it('draws nothing for a file without points', () => {
        assert.deepEqual(gutterLines([]), { certain: [], possible: [] });
    });
});

describe('shownPoints', () => {
    it('keeps every point when possible points are shown', () => {
        assert.equal(shownPoints(reply.points, true).length, 5);
    });

    it('drops the possible ones otherwise, so their lines lose their icon', () => {
        const certainOnly = shownPoints(reply.points, false);
        assert.ok(certainOnly.every((p) => p.certainty === 'certain'));
        assert.deepEqual(gutterLines(certainOnly), { certain: [14, 20], possible: [] });
    });
});

describe('next and previous switch point', () => {
    it('goes to the first point after the cursor', () => {
        assert.deepEqual(nextPoint(reply.points, { line: 0, character: 0 }), { line: 9, character: 8 });
        assert.deepEqual(nextPoint(reply.points, { line: 14, character: 3 }), { line: 14, character: 8 });
    });

    it('visits points that start at the same place once', () => {
        assert.deepEqual(nextPoint(reply.points, { line: 14, character: 8 }), { line: 20, character: 4 });
    });

    it('wraps around past the last point', () => {
        assert.deepEqual(nextPoint(reply.points, { line: 20, character: 12 }), { line: 9, character: 8 });
    });

    it('goes back to the last point before the cursor, and wraps before the first', () => {
        assert.deepEqual(previousPoint(reply.points, { line: 20, character: 4 }), { line: 14, character: 8 });
        assert.deepEqual(previousPoint(reply.points, { line: 9, character: 8 }), { line: 20, character: 12 });
    });

    it('has nowhere to go in a file without points', () => {
        assert.equal(nextPoint([], { line: 0, character: 0 }), undefined);
        assert.equal(previousPoint([], { line: 0, character: 0 }), undefined);
    });
});

describe('pointsAt', () => {
    it('explains the innermost point under the cursor first', () => {
        const here = pointsAt(reply.points, { line: 14, character: 10 });
        assert.deepEqual(here.map((p) => p.range.end.character), [14, 19]);
    });

    it('falls back to the points on the cursor line', () => {
        const here = pointsAt(reply.points, { line: 20, character: 0 });
        assert.deepEqual(here.map((p) => p.range.start.character), [4, 12]);
    });

    it('finds nothing on a line without points', () => {
        assert.deepEqual(pointsAt(reply.points, { line: 3, character: 0 }), []);
    });
});

describe('countLabel', () => {
    it('counts points and says how many are only possible', () => {
        assert.equal(countLabel(reply.points), '5 switch points (2 possible)');
        assert.equal(countLabel([point(1, 0, 1, 'certain')]), '1 switch point');
        assert.equal(countLabel([]), '0 switch points');
    });
});
