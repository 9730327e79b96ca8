// Interactive elements inside ``scope`` that are shown and lower than the minimum; a checkbox or
// radio button is measured by its label, which is what a finger taps.
([scope, minimum]) => {
  const small = [];
  for (const root of document.querySelectorAll(scope)) {
    for (const el of root.querySelectorAll("a[href], button, summary, select, textarea, input:not([type=hidden])")) {
      if (!el.checkVisibility()) continue;
      let target = el;
      if (el.matches("input[type=checkbox], input[type=radio]")) {
        target = (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) || el.closest("label") || el;
      }
      const box = target.getBoundingClientRect();
      if (box.height < minimum - 0.5) {
        const text = (target.textContent || el.value || el.name || "").trim().replace(/\s+/g, " ").slice(0, 40);
        small.push(`${el.tagName.toLowerCase()}${el.name ? "[name=" + el.name + "]" : ""} “${text}”: ${Math.round(box.height)} px`);
      }
    }
  }
  return small;
}
