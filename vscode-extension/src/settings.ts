// The `switchpoint.*` settings, read into one typed object with defaults for anything
// missing or of the wrong type. No VS Code here: the caller passes a getter.

export type ImportStrategy = 'useBundled' | 'fromEnvironment';
export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface InlayHintSettings {
    enabled: boolean;
    glyph: string;
    showKind: boolean;
    showPossible: boolean;
}

export interface Settings {
    enable: boolean;
    interpreter: string;
    importStrategy: ImportStrategy;
    inlayHints: InlayHintSettings;
    gutter: { enabled: boolean };
    trace: TraceLevel;
}

export const SECTION = 'switchpoint';

export const DEFAULTS: Settings = {
    enable: true,
    interpreter: '',
    importStrategy: 'useBundled',
    inlayHints: { enabled: true, glyph: '⏸', showKind: false, showPossible: true },
    gutter: { enabled: true },
    trace: 'off',
};

/** Reads one setting by its key below `switchpoint.`; undefined when unset. */
export type SettingGetter = (key: string) => unknown;

function bool(value: unknown, fallback: boolean): boolean {
    return typeof value === 'boolean' ? value : fallback;
}

function str(value: unknown, fallback: string): string {
    return typeof value === 'string' ? value : fallback;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
    return allowed.includes(value as T) ? (value as T) : fallback;
}

export function readSettings(get: SettingGetter): Settings {
    const d = DEFAULTS;
    return {
        enable: bool(get('enable'), d.enable),
        interpreter: str(get('interpreter'), d.interpreter).trim(),
        importStrategy: oneOf(get('importStrategy'), ['useBundled', 'fromEnvironment'], d.importStrategy),
        inlayHints: {
            enabled: bool(get('inlayHints.enabled'), d.inlayHints.enabled),
            glyph: str(get('inlayHints.glyph'), d.inlayHints.glyph) || d.inlayHints.glyph,
            showKind: bool(get('inlayHints.showKind'), d.inlayHints.showKind),
            showPossible: bool(get('inlayHints.showPossible'), d.inlayHints.showPossible),
        },
        gutter: { enabled: bool(get('gutter.enabled'), d.gutter.enabled) },
        trace: oneOf(get('trace.server'), ['off', 'messages', 'verbose'], d.trace),
    };
}

/** The settings object the server is sent (initializationOptions and workspace/configuration). */
export function serverSettings(s: Settings): { inlayHints: InlayHintSettings } {
    return { inlayHints: { ...s.inlayHints } };
}

/** What a settings change requires; `affects` is ConfigurationChangeEvent.affectsConfiguration. */
export interface SettingsImpact {
    /** The server process must be started again (another interpreter, another copy, on/off). */
    restartServer: boolean;
    /** The server must be told the new settings, and the hints asked for again. */
    notifyServer: boolean;
    /** Gutter icons and the status bar must be redrawn. */
    redraw: boolean;
}

export function settingsImpact(affects: (section: string) => boolean): SettingsImpact {
    const any = (...keys: string[]) => keys.some((k) => affects(`${SECTION}.${k}`));
    return {
        restartServer: any('enable', 'interpreter', 'importStrategy'),
        notifyServer: any('inlayHints'),
        redraw: any('gutter', 'inlayHints.showPossible'),
    };
}
