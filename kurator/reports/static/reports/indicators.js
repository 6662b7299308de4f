/* The indicator report page: bar charts of the sections that have one (the data comes from
   the page through json_script — the content security policy allows no inline script), and
   the period form showing only the fields its «part of the year» needs. */
"use strict";
(function () {
  const form = document.querySelector("[data-testid='report-form']");
  const part = form ? form.querySelector("select[name='part']") : null;
  function showParts() {
    const wanted = part ? part.value || "year" : "";
    form.querySelectorAll("[data-report-part]").forEach((box) => {
      const mine = box.getAttribute("data-report-part");
      const invalid = box.querySelector(".is-invalid");
      box.hidden = mine !== wanted && !invalid;
    });
  }
  if (part) {
    part.addEventListener("change", showParts);
    showParts();
  }

  const source = document.getElementById("indicator-charts");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const number = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 1 });
  data.sections.forEach((section) => {
    const canvas = document.querySelector(`canvas[data-report-chart='${section.key}']`);
    if (!canvas) {
      return;
    }
    const suffix = section.unit === "percent" ? " %" : "";
    canvas.parentElement.style.height = `${Math.max(160, 56 * section.labels.length + 60)}px`;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: section.labels,
        datasets: [
          { label: data.previous, data: section.previous, backgroundColor: "#adb5bd" },
          { label: data.current, data: section.current, backgroundColor: "#0d6efd" },
        ],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { position: "top" },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label}: ${number.format(item.raw)}${suffix}`,
            },
          },
        },
        scales: {
          x: { beginAtZero: true, ticks: { callback: (value) => number.format(value) + suffix } },
          y: { ticks: { autoSkip: false } },
        },
      },
    });
  });
})();
