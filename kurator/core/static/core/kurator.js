/* Kurator's few behaviours, as a file: the content security policy allows no inline script
   and no onclick="…" attributes. */
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-kurator-print]");
  if (button) {
    window.print();
  }
});

/* A block that follows a select: [data-kurator-follows="<select name>"] shows the one child
   [data-kurator-when="<value>"] matching the select's value and hides the others (the intake
   form's script of the chosen channel). */
function kuratorFollow(block) {
  const form = block.closest("form") || document;
  const select = form.querySelector(`select[name="${block.dataset.kuratorFollows}"]`);
  if (!select) {
    return;
  }
  for (const part of block.querySelectorAll("[data-kurator-when]")) {
    part.classList.toggle("d-none", part.dataset.kuratorWhen !== select.value);
  }
}
document.addEventListener("change", (event) => {
  const name = event.target.name;
  if (event.target instanceof HTMLSelectElement && name) {
    for (const block of document.querySelectorAll("[data-kurator-follows]")) {
      if (block.dataset.kuratorFollows === name) {
        kuratorFollow(block);
      }
    }
  }
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-kurator-follows]").forEach(kuratorFollow);
});
