// Small behaviours of Parley's pages, bound here because the Content-Security-Policy allows no
// inline script: buttons marked data-print print the page.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

// A contact or organisation picked in a type-ahead tells its form, so parts of the form that
// depend on who was picked (the asks the quick log suggests) can refresh.
document.addEventListener("htmx:load", (event) => {
  const element = event.target;
  if (element instanceof Element && element.classList.contains("picker")) {
    element.dispatchEvent(new Event("picked", { bubbles: true }));
  }
});

// The briefing's invite picker: ticking a match moves it to the chosen list (so the next search
// does not wipe it); unticking a chosen one removes it. Enter in the search box searches at once
// instead of sending the form.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") {
    return;
  }
  const row = box.closest(".invite-option");
  const picker = box.closest(".invite-picker");
  if (!row || !picker) {
    return;
  }
  const chosen = picker.querySelector(".invite-chosen");
  if (box.checked && !chosen.contains(row)) {
    chosen.appendChild(row);
  } else if (!box.checked && chosen.contains(row)) {
    row.remove();
  }
  picker.classList.toggle("has-chosen", chosen.children.length > 0);
});

document.addEventListener("keydown", (event) => {
  const field = event.target;
  if (event.key === "Enter" && field instanceof HTMLInputElement && field.closest(".invite-picker") && field.type === "search") {
    event.preventDefault();
    field.dispatchEvent(new Event("search"));
  }
});

// The header search's suggestions close with Escape and when a click lands outside the search box.
function closeSearchSuggestions() {
  const panel = document.getElementById("site-search-suggestions");
  if (panel) panel.replaceChildren();
}
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && event.target.closest && event.target.closest(".sitesearch")) {
    closeSearchSuggestions();
  }
});
document.addEventListener("click", (event) => {
  if (!event.target.closest(".sitesearch")) closeSearchSuggestions();
});

// A "tick every row" box ticks (or unticks) the boxes of its name in the same form.
document.addEventListener("change", (event) => {
  const box = event.target.closest && event.target.closest("[data-tick-all]");
  if (!box) return;
  const form = box.getAttribute("form");
  for (const row of document.querySelectorAll(`input[name="${box.dataset.tickAll}"][form="${form}"]`)) {
    row.checked = box.checked;
  }
});
