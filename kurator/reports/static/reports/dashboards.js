/* The director dashboard's trend chart: the last 12 months' new signals, new and closed cases
   (bars) and the cases open at each month's end (a line). The data comes from the page
   through json_script — the content security policy allows no inline script. */
"use strict";
(function () {
  const source = document.getElementById("dashboard-trends");
  const canvas = document.querySelector("canvas[data-dashboard-chart='trends']");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  canvas.parentElement.style.height = "320px";
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: data.names.new_signals, data: data.new_signals, backgroundColor: "#adb5bd" },
        { type: "bar", label: data.names.new_cases, data: data.new_cases, backgroundColor: "#0d6efd" },
        { type: "bar", label: data.names.closed_cases, data: data.closed_cases, backgroundColor: "#198754" },
        {
          type: "line",
          label: data.names.active_cases,
          data: data.active_cases,
          borderColor: "#dc3545",
          backgroundColor: "#dc3545",
          yAxisID: "active",
          tension: 0.2,
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { position: "top" } },
      scales: {
        y: { beginAtZero: true, position: "left", ticks: { precision: 0 } },
        active: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, ticks: { precision: 0 } },
      },
    },
  });
})();
