// Progressive enhancement of the application pages; everything works without it.
// A search box with data-unit-filter="<id>" also filters, as one types, the radios of the
// element with that id (each item's data-unit-name, compared without diacritics).
const fold = (text) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();

document.querySelectorAll("[data-unit-filter]").forEach((input) => {
  const list = document.getElementById(input.dataset.unitFilter);
  if (!list) return;
  const items = Array.from(list.querySelectorAll("[data-unit-name]"));
  input.addEventListener("input", () => {
    const wanted = fold(input.value.trim());
    items.forEach((item) => {
      const checked = item.querySelector("input:checked");
      item.hidden = Boolean(wanted) && !checked && !fold(item.dataset.unitName).includes(wanted);
    });
  });
});

// An address's province select with data-communes-url fills the commune select (its
// data-eform-province names it) when it changes, instead of the button that posts the page
// to show them; the button is then not needed and is hidden.
document.querySelectorAll("[data-eform-province][data-communes-url]").forEach((province) => {
  const commune = document.getElementById(province.dataset.eformProvince);
  if (!commune) return;
  const button = province.parentElement.querySelector("[data-eform-communes]");
  if (button) button.hidden = true;
  const first = commune.dataset.choose || "";
  province.addEventListener("change", async () => {
    const url = `${province.dataset.communesUrl}?tinh=${encodeURIComponent(province.value)}`;
    let communes = [];
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (response.ok) communes = (await response.json()).communes;
    } catch (error) {
      if (button) button.hidden = false; // the page can still be posted to show them
      return;
    }
    commune.replaceChildren(new Option(first, ""));
    communes.forEach(([code, name]) => commune.append(new Option(name, code)));
  });
});
