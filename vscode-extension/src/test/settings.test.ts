// Reading `switchpoint.*` settings, and what a change to them requires.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DEFAULTS, readSettings, serverSettings, settingsImpact } from '../settings';

const from = (values: Record<string, unknown>) => (key: string) => values[key];

describe('readSettings', () => {
    it('gives the documented defaults when nothing is set', () => {
        assert.deepEqual(readSettings(from({})), DEFAULTS);
        assert.equal(DEFAULTS.importStrategy, 'useBundled');
    });

    it('reads every setting', () => {
        const s = readSettings(
            from({
                enable: false,
                interpreter: ' /opt/py/bin/python ',
                importStrategy: 'fromEnvironment',
                'inlayHints.enabled': false,
                'inlayHints.glyph': '⤳',
                'inlayHints.showKind': true,
                'inlayHints.showPossible': false,
                'gutter.enabled': false,
                'trace.server': 'verbose',
            }),
        );
        assert.deepEqual(s, {
            enable: false,
            interpreter: '/opt/py/bin/python',
            importStrategy: 'fromEnvironment',
            inlayHints: { enabled: false, glyph: '⤳', showKind: true, showPossible: false },
            gutter: { enabled: false },
            trace: 'verbose',
        });
    });

    it('ignores values of the wrong type or out of range, one by one', () => {
        const s = readSettings(
            from({ enable: 'yes', importStrategy: 'fromSomewhere', 'inlayHints.glyph': '', 'gutter.enabled': false, 'trace.server': 3 }),
        );
        assert.equal(s.enable, true);
        assert.equal(s.importStrategy, 'useBundled');
        assert.equal(s.inlayHints.glyph, '⏸');
        assert.equal(s.gutter.enabled, false);
        assert.equal(s.trace, 'off');
    });
});

describe('serverSettings', () => {
    it('sends the server the inlayHints object of the contract', () => {
        const s = readSettings(from({ 'inlayHints.showKind': true }));
        assert.deepEqual(serverSettings(s), { inlayHints: { enabled: true, glyph: '⏸', showKind: true, showPossible: true } });
    });
});

describe('settingsImpact', () => {
    const changed = (...sections: string[]) => (section: string) =>
        sections.some((s) => s === section || s.startsWith(section + '.') || section.startsWith(s + '.'));

    it('restarts the server for another interpreter, import strategy or enable', () => {
        for (const key of ['switchpoint.interpreter', 'switchpoint.importStrategy', 'switchpoint.enable']) {
            assert.equal(settingsImpact(changed(key)).restartServer, true, key);
        }
    });

    it('does not restart the server for display settings', () => {
        for (const key of ['switchpoint.inlayHints.enabled', 'switchpoint.gutter.enabled', 'switchpoint.trace.server']) {
            assert.equal(settingsImpact(changed(key)).restartServer, false, key);
        }
    });

    it('re-asks for hints on hint settings and redraws icons on gutter and possible-points settings', () => {
        assert.deepEqual(settingsImpact(changed('switchpoint.inlayHints.glyph')), { restartServer: false, notifyServer: true, redraw: false });
        assert.deepEqual(settingsImpact(changed('switchpoint.gutter.enabled')), { restartServer: false, notifyServer: false, redraw: true });
        assert.equal(settingsImpact(changed('switchpoint.inlayHints.showPossible')).redraw, true);
    });

    it('ignores other extensions\' settings', () => {
        assert.deepEqual(settingsImpact(changed('python.analysis.typeCheckingMode')), { restartServer: false, notifyServer: false, redraw: false });
    });
});
