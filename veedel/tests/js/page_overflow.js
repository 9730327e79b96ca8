// The page's scroll width and window width and, when the page is wider than ``limit`` (the
// phone's width), the element that sticks out furthest (the deepest one at that edge), with its
// path and text. A mobile browser widens its layout viewport, and so window.innerWidth, to a
// page that is too wide: so both are compared with the phone's width, not with each other.
(limit) => {
  const scroll = document.documentElement.scrollWidth;
  const inner = window.innerWidth;
  if (scroll <= limit && inner <= limit) return {scroll, inner, widest: null};
  // An element is clipped by an ancestor that scrolls or hides its overflow and itself fits,
  // except an absolutely positioned element: only its containing block (and what holds that)
  // can clip it.
  const outOfFlow = (style) => style.position === "absolute" || style.position === "fixed";
  const clipped = (el) => {
    let escaping = outOfFlow(getComputedStyle(el));
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (escaping) {
        if (style.position === "static") continue;
        escaping = false;
      }
      if (style.overflowX !== "visible" && a.getBoundingClientRect().right <= limit + 0.5) return true;
      if (outOfFlow(style)) escaping = true;
    }
    return false;
  };
  let widest = null, right = limit + 0.5;
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    if (!el.checkVisibility()) continue;
    if (box.right > right || (widest && box.right >= right - 0.5 && widest.contains(el))) {
      if (clipped(el)) continue;
      widest = el; right = box.right;
    }
  }
  if (!widest) return {scroll, inner, widest: "(no element found)"};
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const path = [];
  for (let a = widest; a && a !== document.body && path.length < 4; a = a.parentElement) path.unshift(name(a));
  const text = (widest.textContent || widest.value || "").trim().replace(/\s+/g, " ").slice(0, 60);
  return {scroll, inner, widest: `${path.join(" > ")}, right edge at ${Math.round(right)} px: “${text}”`};
}
