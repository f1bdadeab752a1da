/*
 * Runnable Python in lesson pages, part 2: the behaviour. runnable.js lays out the blocks and
 * imports this module when a learner first reaches for one (or has saved work on the page).
 *
 * - The code stays the page's highlighted <pre>; the transparent <textarea> over it takes the
 *   typing and the <pre> is re-highlighted as you type, with Pygments' class names so that
 *   Material's colours apply: no editor library, no bundler.
 * - Python runs in a Web Worker (python-worker.js) that loads Pyodide from this site on the
 *   first Run or Check; Stop terminates it, and the next Run starts a new session and says so.
 * - A page's blocks share one session in page order: running block 3 first runs 1 and 2.
 * - Edits, attempts and solved exercises are kept in localStorage, per page.
 */
const STORE = "sde:runnable:v1:";
const WORKER = new URL("python-worker.js", import.meta.url);

// --- The Python worker, shared by every page of the visit --------------------------------

const python = {
  worker: null,
  ready: null, // Promise: Python has started
  generation: 0, // bumps each time a worker starts: earlier blocks must run again
  stopped: false, // the last session was stopped, and the next Run should say so
  calls: new Map(),
  nextId: 0,
  queue: Promise.resolve(),
};

function startWorker() {
  python.worker = new Worker(WORKER, { type: "module" });
  python.generation += 1;
  python.ready = new Promise((resolve, reject) => {
    python.worker.onmessage = ({ data }) => {
      if (data.type === "ready") return resolve();
      if (data.type === "failed") return reject(new Error(data.error));
      const call = python.calls.get(data.id);
      if (!call) return;
      if (data.type === "output") call.onOutput(data.stream, data.text);
      if (data.type === "done") {
        python.calls.delete(data.id);
        call.resolve(data.result);
      }
    };
    python.worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message || "the Python worker could not start"));
    };
  });
}

function stopWorker() {
  if (!python.worker) return;
  python.worker.terminate();
  python.worker = null;
  python.stopped = true;
  for (const call of python.calls.values()) call.reject(new Error("stopped"));
  python.calls.clear();
  for (const block of document.querySelectorAll(".runnable--busy")) setBusy(block, false);
}

// Calls run one after another, as the worker does; a stopped call rejects with "stopped".
function call(message, onOutput) {
  const run = async () => {
    if (!python.worker) startWorker();
    await python.ready;
    return new Promise((resolve, reject) => {
      const id = ++python.nextId;
      python.calls.set(id, { resolve, reject, onOutput });
      python.worker.postMessage({ id, page: location.pathname, ...message });
    });
  };
  const result = python.queue.then(run, run);
  python.queue = result.catch(() => {});
  return result;
}

// --- Storage: the learner's edits and results, per page ------------------------------------

function key(...parts) {
  return STORE + location.pathname + ":" + parts.join(":");
}
function load(name) {
  try {
    return localStorage.getItem(key(name));
  } catch {
    return null; // storage disabled: the page still works, it only forgets
  }
}
function save(name, value) {
  try {
    if (value === null) localStorage.removeItem(key(name));
    else localStorage.setItem(key(name), value);
  } catch {
    /* see load() */
  }
}
function forgetPage() {
  try {
    const prefix = key("");
    for (const name of Object.keys(localStorage)) {
      if (name.startsWith(prefix)) localStorage.removeItem(name);
    }
  } catch {
    /* see load() */
  }
}

// A block's storage name: a hash of its original code, so it survives blocks moving around.
function fingerprint(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return (hash >>> 0).toString(16);
}

// --- Highlighting while editing: Pygments' class names, so Material's colours apply --------

const KEYWORDS = new Set(
  ("assert async await break class continue def del elif else except finally for global " +
    "if lambda nonlocal pass raise return try while with yield match case").split(" "),
);
const WORD_OPERATORS = new Set(["and", "or", "not", "in", "is"]);
const CONSTANTS = new Set(["True", "False", "None"]);
const BUILTINS = new Set(
  ("abs all any bool dict divmod enumerate filter float format frozenset int isinstance len " +
    "list map max min next object open pow print range repr reversed round set sorted str " +
    "sum tuple type zip Exception ValueError TypeError KeyError IndexError AssertionError " +
    "NotImplementedError ZeroDivisionError RuntimeError").split(" "),
);
const TOKEN =
  /(#[^\n]*)|((?:[rRbBfFuU]{1,2})?(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?))|(\b(?:0[xXoObB][\da-fA-F_]+|\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?j?)|\.\d[\d_]*(?:[eE][+-]?\d+)?)|(@[\w.]+)|([A-Za-z_]\w*)|([-+*/%=<>!&|^~@:]+)|([()[\]{}.,;])/g;

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function highlight(code) {
  let out = "";
  let last = 0;
  let previous = "";
  for (const match of code.matchAll(TOKEN)) {
    out += escapeHtml(code.slice(last, match.index));
    last = match.index + match[0].length;
    const [text, comment, string, number, decorator, name, operator] = match;
    let cls = "p";
    if (comment) cls = "c1";
    else if (string) cls = /^[rRbBfFuU]*("""|''')/.test(string) ? "sd" : "s2";
    else if (number) cls = /[.eE]/.test(number) && !/^0[xX]/.test(number) ? "mf" : "mi";
    else if (decorator) cls = "nd";
    else if (name) {
      if (previous === "def") cls = "nf";
      else if (previous === "class") cls = "nc";
      else if (name === "import" || name === "from") cls = "kn";
      else if (KEYWORDS.has(name)) cls = "k";
      else if (WORD_OPERATORS.has(name)) cls = "ow";
      else if (CONSTANTS.has(name)) cls = "kc";
      else if (name === "self") cls = "bp";
      else if (BUILTINS.has(name)) cls = "nb";
      else cls = "n";
      previous = name;
    } else if (operator) cls = "o";
    if (!name) previous = "";
    out += `<span class="${cls}">${escapeHtml(text)}</span>`;
  }
  return out + escapeHtml(code.slice(last));
}


// --- Editing -----------------------------------------------------------------------------------

function setBusy(block, busy) {
  const { run, check, stop } = block.runnable;
  block.classList.toggle("runnable--busy", busy);
  stop.hidden = !busy;
  for (const element of [run, check].filter(Boolean)) element.disabled = busy;
}

function setCode(block, text) {
  block.runnable.input.value = text;
  render(block);
}

function render(block) {
  const { input, code, reset, original } = block.runnable;
  // A <pre> drops a final newline that a <textarea> shows as a line: keep the heights equal.
  code.innerHTML = highlight(input.value) + (input.value.endsWith("\n") ? " " : "");
  reset.hidden = input.value === original;
}

function codeName(block) {
  return "code:" + fingerprint(block.runnable.original);
}

function listen(block) {
  const { input, code } = block.runnable;
  let leaving = false; // Escape, then Tab: the keyboard user's way out of the editor
  input.addEventListener("keydown", (event) => {
    if (event.defaultPrevented) {
      // Ctrl+Enter and Shift+Enter: runnable.js has run the block.
    } else if (event.key === "Tab" && !leaving) {
      event.preventDefault();
      indent(input, event.shiftKey);
    } else if (event.key === "Enter") {
      event.preventDefault();
      newline(input);
    }
    if (event.key !== "Shift") leaving = event.key === "Escape";
  });
  input.addEventListener("input", () => {
    render(block);
    save(codeName(block), input.value === block.runnable.original ? null : input.value);
  });
  input.addEventListener("scroll", () => {
    code.scrollLeft = input.scrollLeft;
  });
  // Keystrokes made before this module arrived win over older saved work.
  if (input.value !== block.runnable.original) {
    render(block);
    save(codeName(block), input.value);
    return;
  }
  const stored = load(codeName(block));
  if (stored !== null && stored !== block.runnable.original) setCode(block, stored);
}

function indent(input, outdent) {
  const { selectionStart: start, selectionEnd: end, value } = input;
  const lineStart = value.lastIndexOf("\n", start - 1) + 1;
  if (outdent) {
    const spaces = value.slice(lineStart).match(/^ {1,4}/);
    if (!spaces) return;
    input.setRangeText("", lineStart, lineStart + spaces[0].length, "preserve");
  } else if (start === end) {
    input.setRangeText("    ", start, end, "end");
  } else {
    input.setRangeText(value.slice(lineStart, end).replace(/^/gm, "    "), lineStart, end, "select");
  }
  input.dispatchEvent(new Event("input"));
}

function newline(input) {
  const { selectionStart: start, value } = input;
  const line = value.slice(value.lastIndexOf("\n", start - 1) + 1, start);
  const spaces = line.match(/^ */)[0] + (/:\s*$/.test(line) ? "    " : "");
  input.setRangeText("\n" + spaces, start, input.selectionEnd, "end");
  input.dispatchEvent(new Event("input"));
}

// --- Output ------------------------------------------------------------------------------------

function clearOutput(block) {
  block.runnable.output.replaceChildren();
}

function append(block, kind, text) {
  const { output } = block.runnable;
  let last = output.lastElementChild;
  if (!last || !last.classList.contains(`runnable__${kind}`)) {
    last = document.createElement("pre");
    last.className = `runnable__${kind}`;
    output.append(last);
  }
  last.textContent += text;
}

function note(block, text, transient = false) {
  const element = document.createElement("p");
  element.className = "runnable__note";
  element.textContent = text;
  if (transient) element.dataset.transient = "";
  block.runnable.output.append(element);
}

function showOutcome(block, result) {
  if (result.value !== null && result.value !== undefined) append(block, "value", result.value);
  if (result.error) append(block, "error", result.error);
  if (!block.runnable.output.childElementCount) note(block, "Done: the block printed nothing.");
}

// --- Running in page order ---------------------------------------------------------------------

const ranOn = new Map(); // page path -> {generation, ran: Set of blocks run in that session}

function ranBlocks(page) {
  let state = ranOn.get(page.path);
  if (!state || state.generation !== python.generation) {
    state = { generation: python.generation, ran: new Set() };
    ranOn.set(page.path, state);
  }
  return state.ran;
}

function number(block, page) {
  return page.blocks.indexOf(block) + 1;
}

async function runOne(block, page) {
  clearOutput(block);
  const { exercise, input } = block.runnable;
  const outcome = await call(
    { action: "run", code: input.value, label: exercise ? `exercise ${exercise}` : `block ${number(block, page)}` },
    (stream, text) => append(block, stream, text),
  );
  showOutcome(block, outcome);
  return outcome.ok;
}

// Start Python if needed and run the blocks above `block` that this session has not run yet.
// Returns false, having said why in `block`'s output, when one of them fails.
async function runEarlier(block, page) {
  if (!python.worker && python.stopped) {
    note(block, "A new Python session: the last one was stopped, so its variables are gone.");
  } else if (!python.worker) {
    note(block, "Starting Python in your browser (the first time takes a few seconds)…", true);
  }
  python.stopped = false;
  const ran = ranBlocks(page);
  const earlier = page.blocks
    .slice(0, page.blocks.indexOf(block))
    .filter((other) => other.dataset.runnable === "run" && !ran.has(other));
  if (earlier.length) {
    const numbers = earlier.map((other) => number(other, page)).join(", ");
    const which = earlier.length > 1 ? `blocks ${numbers}` : `block ${numbers}`;
    note(block, `The blocks of this page share one Python session: running ${which} first.`);
  }
  for (const other of earlier) {
    setBusy(other, true);
    try {
      const ok = await runOne(other, page);
      ranBlocks(page).add(other);
      if (!ok) {
        note(block, `Block ${number(other, page)} stopped with an error: fix it, then run this one again.`);
        return false;
      }
    } finally {
      setBusy(other, false);
    }
  }
  return true;
}

async function withBusy(block, page, work) {
  setBusy(block, true);
  clearOutput(block);
  try {
    if (await runEarlier(block, page)) await work();
  } catch (error) {
    if (error.message !== "stopped") {
      stopWorker();
      python.stopped = false;
      note(block, `Python could not run here: ${error.message}`);
    }
  } finally {
    setBusy(block, false);
    for (const element of block.runnable.output.querySelectorAll("[data-transient]")) element.remove();
    block.dataset.finished = Number(block.dataset.finished || 0) + 1; // runs and checks so far
  }
}

function runBlock(block, page) {
  return withBusy(block, page, async () => {
    const notes = Array.from(block.runnable.output.children);
    await runOne(block, page);
    block.runnable.output.prepend(...notes);
    if (block.dataset.runnable === "run") ranBlocks(page).add(block);
  });
}

function checkExercise(block, page) {
  const { exercise, input, output } = block.runnable;
  return withBusy(block, page, async () => {
    const checks = Array.from(
      page.root.querySelectorAll(`.runnable-check[data-exercise="${CSS.escape(exercise)}"]`),
      (element) => element.dataset.code,
    ).join("\n");
    const verdict = await call(
      { action: "check", code: input.value, checks, label: `exercise ${exercise}` },
      (stream, text) => append(block, stream, text),
    );
    const feedback = document.createElement("div");
    feedback.className = `runnable__verdict runnable__verdict--${verdict.status}`;
    const error = verdict.status === "error";
    const text = document.createElement(error ? "pre" : "p");
    text.textContent = error ? `Your code raised an error:\n${verdict.message}` : verdict.message;
    feedback.append(text);
    output.append(feedback);
    save(`tried:${exercise}`, "1");
    if (verdict.status === "correct") save(`solved:${exercise}`, "1");
    showProgress(page);
  });
}

// --- Exercises and progress --------------------------------------------------------------------

function showProgress(page) {
  let solved = 0;
  const exercises = page.blocks.filter((block) => block.runnable.exercise);
  for (const block of exercises) {
    const { exercise, solution, locked, badge } = block.runnable;
    const tried = load(`tried:${exercise}`) !== null;
    if (solution) {
      solution.hidden = !tried;
      locked.hidden = tried;
    }
    badge.hidden = load(`solved:${exercise}`) === null;
    if (!badge.hidden) solved += 1;
  }
  if (page.progress && exercises.length) {
    page.progress.bar.value = solved;
    page.progress.text.textContent = `Exercises solved on this page: ${solved} of ${exercises.length}`;
  }
}

function resetPage(page) {
  forgetPage();
  for (const block of page.blocks) {
    setCode(block, block.runnable.original);
    clearOutput(block);
  }
  showProgress(page);
}

// --- What runnable.js calls --------------------------------------------------------------------

function setUp(page) {
  if (page.live) return;
  page.live = true;
  for (const block of page.blocks) {
    listen(block);
    block.classList.add("runnable--live");
  }
  showProgress(page);
}

export function act(page, block, action) {
  setUp(page);
  if (action === "run") return runBlock(block, page);
  if (action === "check") return checkExercise(block, page);
  if (action === "stop") {
    stopWorker();
    note(block, "Stopped. The next Run starts a new Python session.");
  }
  if (action === "reset") {
    setCode(block, block.runnable.original);
    save(codeName(block), null);
    block.runnable.input.focus();
  }
  if (action === "resetPage") resetPage(page);
}
