// @ts-check
/** Runs a loopback server script in a child process and waits for the port it reports over IPC. */
import { fork } from "node:child_process";

/**
 * @param {URL} script
 * @param {string[]} [args]
 * @returns {Promise<{ url: string, message: any, ask: (message: any) => Promise<any>, close: () => Promise<void> }>}
 */
export function startChild(script, args = []) {
  const child = fork(script, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${script.pathname} exited with ${code} before listening`)));
    child.once("message", (message) => {
      const { port } = /** @type {{ port: number }} */ (message);
      child.removeAllListeners("exit");
      resolve({
        url: `http://127.0.0.1:${port}`,
        message,
        // Sends a message to a server that answers one (e.g. the echo server's "close-idle") and waits for the answer.
        // Rejects if the child exits first, so a crashed server fails the run instead of hanging it.
        ask: (question) =>
          new Promise((answered, failed) => {
            const exited = (/** @type {number | null} */ code) =>
              failed(new Error(`${script.pathname} exited with ${code} before answering`));
            child.once("exit", exited);
            child.once("message", (answer) => {
              child.off("exit", exited);
              answered(answer);
            });
            child.send(question, (error) => error && failed(error));
          }),
        // Resolves at once when the child has exited already (a crash an `ask` reported).
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            if (child.connected) child.disconnect();
          }),
      });
    });
  });
}
