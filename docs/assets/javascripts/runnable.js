/*
 * Runnable Python in lesson pages, part 1: what a page that is only read needs (about 4 KB).
 *
 * docs/hooks/runnable.py renders ```python run``` blocks as <div class="runnable">, an exercise's
 * starter the same way with data-exercise, its hidden checks as <div class="runnable-check">
 * and its solution as <div class="runnable-solution">. This script lays out each block: a
 * <textarea> over the highlighted code, Run (and Check) buttons, an output area; hints one at a
 * time; the solution locked until a first Check. The behaviour (highlighting as you type, the
 * Python worker, grading, saved work) is runnable-main.js, loaded when a learner reaches for a
 * block (pointer, touch or keyboard focus) or has saved work here. Pyodide itself loads on the
 * first Run or Check. Material's instant navigation keeps both scripts alive between pages.
 */
(function () {
  "use strict";

  const MAIN = new URL("runnable-main.js", document.currentScript.src).href;
  const STORE = "sde:runnable:v1:";
  let main = null;

  function savedWork(path) {
    try {
      return Object.keys(localStorage).some((name) => name.startsWith(`${STORE}${path}:`));
    } catch {
      return false; // storage disabled: nothing saved
    }
  }

  function control(label, name) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = `runnable__button runnable__button--${label.toLowerCase()}`;
    element.textContent = label;
    element.setAttribute("aria-label", name);
    return element;
  }

  function layOut(block, index, page) {
    const pre = block.querySelector("pre");
    const code = pre && pre.querySelector("code");
    if (!code) return false;
    const exercise = block.dataset.exercise || "";
    const name = exercise ? `exercise ${exercise}` : `block ${index + 1} of ${page.blocks.length}`;
    const input = document.createElement("textarea");
    input.className = "runnable__input";
    input.spellcheck = false;
    for (const attribute of ["autocapitalize", "autocomplete", "autocorrect"]) {
      input.setAttribute(attribute, "off");
    }
    input.setAttribute("wrap", "off");
    input.setAttribute("aria-label", `Python code, ${name}`);
    input.value = code.textContent.replace(/\n$/, "");
    const help = document.createElement("span");
    help.className = "runnable__help";
    help.id = `runnable-help-${index}`;
    help.textContent =
      "Editable Python. Tab indents; press Escape, then Tab, to leave the editor. " +
      (exercise ? "Ctrl+Enter checks, Shift+Enter runs." : "Ctrl+Enter runs.");
    input.setAttribute("aria-describedby", help.id);
    pre.append(input);

    const controls = {
      run: control("Run", `Run ${name}`),
      check: exercise ? control("Check", `Check ${name}`) : null,
      stop: control("Stop", `Stop ${name}`),
      reset: control("Reset", `Reset ${name} to its original code`),
    };
    controls.stop.hidden = controls.reset.hidden = true;
    const toolbar = document.createElement("div");
    toolbar.className = "runnable__toolbar";
    toolbar.append(...Object.values(controls).filter(Boolean), help);
    const output = document.createElement("div");
    output.className = "runnable__output";
    output.setAttribute("role", "status");
    output.setAttribute("aria-live", "polite");
    output.setAttribute("aria-label", `Output of ${name}`);
    block.append(toolbar, output);
    block.runnable = { ...controls, input, code, output, original: input.value, name, exercise };
    // The run keys work from the first keystroke, before runnable-main.js has arrived.
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey || event.shiftKey)) return;
      event.preventDefault();
      act(page, block, exercise && !event.shiftKey ? "check" : "run");
    });
    for (const action of ["run", "check", "stop", "reset"]) {
      if (controls[action]) controls[action].addEventListener("click", () => act(page, block, action));
    }
    if (exercise) layOutExercise(block, page);
    block.classList.add("runnable--ready");
    return true;
  }

  // Hints show one at a time; the solution stays closed until the learner's first Check.
  function layOutExercise(block, page) {
    const id = CSS.escape(block.runnable.exercise);
    const box = block.closest(".admonition, details") || block.parentElement;
    const hints = Array.from(box.querySelectorAll(":scope > details.tip"));
    hints.forEach((hint, index) => {
      const next = hints[index + 1];
      if (!next) return;
      next.hidden = !hint.open;
      hint.addEventListener("toggle", () => (next.hidden = next.hidden && !hint.open));
    });
    const solution = page.root.querySelector(`.runnable-solution[data-exercise="${id}"]`);
    const details = solution && solution.closest("details");
    const locked = document.createElement("p");
    locked.className = "runnable__locked";
    locked.textContent = "The solution opens here after your first Check.";
    if (details) {
      details.before(locked);
      details.hidden = true;
    }
    const badge = document.createElement("span");
    badge.className = "runnable__solved";
    badge.textContent = " (solved)";
    badge.hidden = true;
    const title = box.querySelector(":scope > .admonition-title, :scope > summary");
    if (title) title.append(badge);
    Object.assign(block.runnable, { box, solution: details, locked, badge });
  }

  function layOutProgress(page) {
    const count = page.blocks.filter((block) => block.runnable.exercise).length;
    const panel = document.createElement("div");
    panel.className = "runnable__progress";
    const text = document.createElement("span");
    text.id = "runnable-progress-text";
    text.textContent = count
      ? `Exercises solved on this page: 0 of ${count}`
      : "The code on this page runs in your browser.";
    const bar = document.createElement("progress");
    bar.max = count;
    bar.value = 0;
    bar.hidden = !count;
    bar.setAttribute("aria-labelledby", text.id);
    const reset = control("Reset", "Reset this page: your code, attempts and solved exercises");
    reset.textContent = "Reset this page";
    reset.addEventListener("click", () => act(page, null, "resetPage"));
    panel.append(text, bar, reset);
    (page.root.querySelector("h2") || page.blocks[0]).before(panel);
    page.progress = { bar, text };
  }

  // Everything a learner does goes through runnable-main.js, loaded on first need.
  function act(page, block, action) {
    main = main || import(MAIN);
    return main.then(
      (module) => module.act(page, block, action),
      (error) => {
        main = null;
        const where = block ? block.runnable.output : page.progress.text;
        where.textContent = `The page could not load its Python tools: ${error.message}`;
      },
    );
  }

  function init() {
    const root = document.querySelector("article.md-content__inner") || document.body;
    const blocks = Array.from(root.querySelectorAll(".runnable:not(.runnable--ready)"));
    if (!blocks.length) return;
    const page = { path: location.pathname, root, blocks, progress: null };
    page.blocks = blocks.filter((block, index) => layOut(block, index, page));
    layOutProgress(page);
    // Fetch the behaviour as soon as a learner reaches for a block; restore saved work now.
    const reach = (event) => {
      if (event.target.closest && event.target.closest(".runnable")) act(page, null, "setUp");
    };
    for (const type of ["pointerover", "focusin", "touchstart"]) {
      root.addEventListener(type, reach, { passive: true });
    }
    if (savedWork(page.path)) act(page, null, "setUp");
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
