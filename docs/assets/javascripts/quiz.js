/*
 * Knowledge checks: turns plain-Markdown quizzes into questions a learner answers in the page.
 *
 * A question is an admonition of type "quiz" holding a task list: `- [x]` marks the correct
 * option, `- [ ]` the others, and the paragraph under each option explains it.
 *
 *     !!! quiz "Question 1"
 *         What limits the speedup of scaling out?
 *
 *         - [ ] Nothing, if the network is fast.
 *
 *             Explanation shown when this option is chosen.
 *
 *         - [x] The serial share of the job.
 *
 *             Explanation shown when this option is chosen.
 *
 * Without JavaScript the page shows the answer key. With it, the options become radio buttons
 * (checkboxes when several are correct), a "Check answer" button gives immediate feedback with
 * the explanation of each chosen option, announced through an aria-live status region. No server,
 * no storage, nothing loaded from elsewhere.
 */
(function () {
  "use strict";

  let counter = 0;

  function optionParts(item) {
    // The first paragraph (or the item itself in a tight list) holds the option text.
    const box = item.querySelector("input[type=checkbox]");
    const correct = box !== null && box.checked;
    const label = item.querySelector("label.task-list-control");
    const first = item.querySelector(":scope > p") || item;
    if (label) label.remove();
    const text = document.createElement("span");
    for (const node of Array.from(first.childNodes)) {
      if (node.nodeType === Node.ELEMENT_NODE && node.matches("ul, ol, p")) break;
      text.appendChild(node);
    }
    const explanation = document.createElement("div");
    explanation.className = "quiz__explanation";
    for (const node of Array.from(item.childNodes)) {
      if (node !== first && !(node.nodeType === Node.TEXT_NODE && !node.textContent.trim())) {
        explanation.appendChild(node);
      }
    }
    if (first !== item) first.remove();
    text.innerHTML = text.innerHTML.trim();
    return { correct, text, explanation };
  }

  function build(quiz) {
    const list = quiz.querySelector(":scope > ul.task-list");
    if (!list) return;
    const id = `quiz-${++counter}`;
    const options = Array.from(list.children).map(optionParts);
    const several = options.filter((option) => option.correct).length > 1;

    const prompt = Array.from(quiz.querySelectorAll(":scope > p:not(.admonition-title)"));
    const title = quiz.querySelector(":scope > .admonition-title");
    const labelIds = [];
    for (const [index, element] of [title, ...prompt].filter(Boolean).entries()) {
      element.id = element.id || `${id}-prompt-${index}`;
      labelIds.push(element.id);
    }

    const group = document.createElement("fieldset");
    group.className = "quiz__options";
    group.setAttribute("aria-labelledby", labelIds.join(" "));
    const hint = document.createElement("legend");
    hint.className = "quiz__hint";
    hint.textContent = several ? "Choose every correct answer." : "Choose one answer.";
    group.appendChild(hint);

    options.forEach((option, index) => {
      const row = document.createElement("div");
      row.className = "quiz__option";
      const input = document.createElement("input");
      input.type = several ? "checkbox" : "radio";
      input.name = id;
      input.id = `${id}-option-${index}`;
      input.value = String(index);
      const label = document.createElement("label");
      label.htmlFor = input.id;
      label.appendChild(option.text);
      row.append(input, label);
      group.appendChild(row);
      option.input = input;
      option.row = row;
    });

    const check = document.createElement("button");
    check.type = "button";
    check.className = "md-button quiz__check";
    check.textContent = "Check answer";
    const feedback = document.createElement("div");
    feedback.className = "quiz__feedback";
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");

    check.addEventListener("click", () => grade(options, feedback, several));
    list.replaceWith(group, check, feedback);
    quiz.classList.add("quiz--ready");
  }

  function grade(options, feedback, several) {
    const chosen = options.filter((option) => option.input.checked);
    feedback.replaceChildren();
    feedback.classList.remove("quiz__feedback--right", "quiz__feedback--wrong");
    for (const option of options) {
      option.row.classList.remove("quiz__option--right", "quiz__option--wrong");
    }
    if (chosen.length === 0) {
      feedback.textContent = "Choose an answer first.";
      return;
    }
    const right = options.every((option) => option.correct === option.input.checked);
    const verdict = document.createElement("p");
    verdict.className = "quiz__verdict";
    verdict.textContent = right
      ? "Correct."
      : several
        ? "Not quite: check each option you chose, and those you left out, then try again."
        : "Not quite. Read why, then try again.";
    feedback.appendChild(verdict);
    for (const option of chosen) {
      option.row.classList.add(option.correct ? "quiz__option--right" : "quiz__option--wrong");
      const why = option.explanation.cloneNode(true);
      why.removeAttribute("id");
      feedback.appendChild(why);
    }
    feedback.classList.add(right ? "quiz__feedback--right" : "quiz__feedback--wrong");
  }

  function init() {
    document.querySelectorAll(".admonition.quiz:not(.quiz--ready)").forEach(build);
  }

  // Material's instant navigation swaps pages without reloading scripts: follow its document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
