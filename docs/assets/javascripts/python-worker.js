/*
 * The lesson pages' Python, off the main thread: a module worker that loads Pyodide from this
 * site (assets/pyodide/, copied there by docs/hooks/pyodide_runtime.py) and runs blocks with
 * assets/python/lesson_runner.py, the module pytest runs them with in CPython.
 *
 * Messages in:  {id, page, action: "run" | "check", code, checks, label}
 * Messages out: {type: "ready"} once Python has started, or {type: "failed", error};
 *               {id, type: "output", stream, text} as the code prints;
 *               {id, type: "done", result} when the block has finished.
 * The page ends a runaway block by terminating this worker (static hosts cannot send the
 * cross-origin isolation headers that Pyodide's interrupt buffer needs).
 */
import { loadPyodide } from "../pyodide/pyodide.mjs";

const HOME = "/home/pyodide";

const python = (async () => {
  const pyodide = await loadPyodide({ indexURL: new URL("../pyodide/", import.meta.url).href });
  const response = await fetch(new URL("../python/lesson_runner.py", import.meta.url));
  if (!response.ok) throw new Error(`lesson_runner.py: HTTP ${response.status}`);
  pyodide.FS.writeFile(`${HOME}/lesson_runner.py`, await response.text());
  pyodide.runPython(`import sys\nif "${HOME}" not in sys.path: sys.path.insert(0, "${HOME}")`);
  return pyodide.pyimport("lesson_runner");
})();

python.then(
  () => postMessage({ type: "ready" }),
  (error) => postMessage({ type: "failed", error: String(error) }),
);

// One session per page: the blocks of a page share names, pages do not share them.
const sessions = new Map();

onmessage = async ({ data }) => {
  const { id, page, action, code, checks, label } = data;
  let runner;
  try {
    runner = await python;
  } catch {
    return; // "failed" has been posted
  }
  if (!sessions.has(page)) sessions.set(page, runner.Session());
  const session = sessions.get(page);
  const write = (stream, text) => postMessage({ id, type: "output", stream, text });
  const outcome =
    action === "check" ? session.check(code, checks, label, write) : session.run(code, label, write);
  const result = outcome.toJs({ dict_converter: Object.fromEntries });
  outcome.destroy();
  postMessage({ id, type: "done", result });
};
