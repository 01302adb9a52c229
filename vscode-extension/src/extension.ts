// Entry point: wires the server, the points store and what the user sees, and applies
// settings changes without a reload.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { GutterIcons } from './gutter';
import { ServerLog } from './log';
import { PointsStore } from './pointsStore';
import { onInterpreterChanged } from './pythonExtension';
import { currentSettings, SwitchpointServer } from './server';
import { settingsImpact } from './settings';
import { StatusBar } from './statusBar';

let server: SwitchpointServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const log = new ServerLog(vscode.window.createOutputChannel('switchpoint'));
    // Hints can be turned off here too, so the toggle works whatever the server does with the setting.
    server = new SwitchpointServer(context, log, {
        provideInlayHints: (document, range, token, next) => (currentSettings().inlayHints.enabled ? next(document, range, token) : []),
    });
    const store = new PointsStore(server);
    const gutter = new GutterIcons(context, store, currentSettings);
    const status = new StatusBar(server, store, currentSettings);
    const running = server;
    context.subscriptions.push(
        log,
        running,
        store,
        gutter,
        status,
        ...registerCommands(running, store, log, currentSettings),
        vscode.workspace.onDidChangeConfiguration((e) => {
            const impact = settingsImpact((section) => e.affectsConfiguration(section));
            if (impact.restartServer) {
                void running.restart();
            } else if (impact.notifyServer) {
                running.refreshInlayHints();
            }
            if (impact.redraw || impact.notifyServer) {
                gutter.redrawAll();
                status.update();
            }
        }),
    );
    const pythonWatch = await onInterpreterChanged(() => {
        if (!currentSettings().interpreter) {
            void running.restart();
        }
    });
    if (pythonWatch) {
        context.subscriptions.push(pythonWatch);
    }
    await running.restart();
}

export async function deactivate(): Promise<void> {
    await server?.stop();
}
