/* Kurator's few behaviours, as a file: the content security policy allows no inline script
   and no onclick="…" attributes. */
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-kurator-print]");
  if (button) {
    window.print();
  }
});
