// Runs the probe command of launch.ts after a failed start and turns its outcome into a
// one-line reason for the notification.
import { execFile } from 'child_process';
import { LaunchCommand, probeCommand } from './launch';
import { failureReason } from './logTail';

/** Why the server's command cannot run, or undefined if it runs fine (the failure is elsewhere). */
export function probeFailure(launch: LaunchCommand, cwd: string | undefined): Promise<string | undefined> {
    const probe = probeCommand(launch);
    return new Promise((resolve) => {
        execFile(probe.command, probe.args, { cwd, timeout: 20000 }, (error, _stdout, stderr) => {
            if (!error) {
                resolve(undefined);
            } else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
                resolve(`there is no interpreter at ${probe.command}`);
            } else if ((error as NodeJS.ErrnoException).code === 'EACCES') {
                resolve(`${probe.command} cannot be run (permission denied)`);
            } else {
                resolve(failureReason(stderr.split(/\r?\n/)) ?? `${[probe.command, ...probe.args].join(' ')} failed: ${error.message}`);
            }
        });
    });
}
