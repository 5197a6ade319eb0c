// Small behaviours of Parley's pages, bound here because the Content-Security-Policy allows no
// inline script: buttons marked data-print print the page.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
