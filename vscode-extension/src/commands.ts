// The commands: review navigation, the chain under the cursor, toggles, restart, log.
import * as vscode from 'vscode';
import { nextPoint, pointsAt, previousPoint, shownPoints } from './points';
import { PointsStore } from './pointsStore';
import { LspPosition, YieldPoint } from './protocol';
import { SwitchpointServer } from './server';
import { SECTION, Settings } from './settings';
import { ServerLog } from './log';

function toLsp(p: vscode.Position): LspPosition {
    return { line: p.line, character: p.character };
}

function toggleSetting(key: string, current: boolean): Thenable<void> {
    // Toggle where the user would look for it: the workspace's settings when a folder is open.
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    return vscode.workspace.getConfiguration(SECTION).update(key, !current, target);
}

export function registerCommands(
    server: SwitchpointServer,
    store: PointsStore,
    log: ServerLog,
    settings: () => Settings,
): vscode.Disposable[] {
    const points = (editor: vscode.TextEditor) => shownPoints(store.get(editor.document.uri), settings().inlayHints.showPossible);

    const go = (find: (ps: readonly YieldPoint[], at: LspPosition) => LspPosition | undefined) => (editor: vscode.TextEditor) => {
        const target = find(points(editor), toLsp(editor.selection.active));
        if (!target) {
            void vscode.window.setStatusBarMessage('switchpoint: no switch points in this file', 3000);
            return;
        }
        const position = new vscode.Position(target.line, target.character);
        editor.selection = new vscode.Selection(position, position);
        editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    };

    const showChain = async (editor: vscode.TextEditor) => {
        const here = pointsAt(points(editor), toLsp(editor.selection.active));
        if (!here.length) {
            void vscode.window.showInformationMessage('switchpoint: no switch point under the cursor.');
            return;
        }
        const items: vscode.QuickPickItem[] = [];
        for (const p of here) {
            const text = editor.document.getText(
                new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character),
            );
            items.push({ label: `${p.certainty === 'certain' ? 'switches' : 'may switch'}: ${text}`, kind: vscode.QuickPickItemKind.Separator });
            p.chain.forEach((fn, i) => items.push({ label: `${'  '.repeat(i)}${i ? '→ ' : ''}${fn}`, description: i === 0 ? p.kind : undefined }));
        }
        await vscode.window.showQuickPick(items, { title: `Why line ${editor.selection.active.line + 1} may switch` });
    };

    return [
        vscode.commands.registerTextEditorCommand('switchpoint.nextSwitchPoint', go(nextPoint)),
        vscode.commands.registerTextEditorCommand('switchpoint.previousSwitchPoint', go(previousPoint)),
        vscode.commands.registerTextEditorCommand('switchpoint.showChain', showChain),
        vscode.commands.registerCommand('switchpoint.toggleInlayHints', () => toggleSetting('inlayHints.enabled', settings().inlayHints.enabled)),
        vscode.commands.registerCommand('switchpoint.toggleGutterIcons', () => toggleSetting('gutter.enabled', settings().gutter.enabled)),
        vscode.commands.registerCommand('switchpoint.restartServer', () => server.restart()),
        vscode.commands.registerCommand('switchpoint.showLog', () => log.show()),
    ];
}
