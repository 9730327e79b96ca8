/* "Near me" in the offers directory: asks the browser for its position (only when the
   visitor presses the button, and only if they allow it), puts it into the search form's
   hidden lat/lon fields and sends the form; the server sorts by distance. Without
   JavaScript, or when the position is refused, the visitor picks a quarter to start from
   ("von"), which works the same way. The position goes only to our own server, in the
   address of the search. */
(function () {
  "use strict";

  function setField(form, name, value) {
    var input = form.querySelector('input[name="' + name + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  function init() {
    var button = document.querySelector("[data-near-me]");
    if (!button || !("geolocation" in navigator)) { return; }
    var form = document.querySelector(button.getAttribute("data-form"));
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    if (!form) { return; }
    button.parentElement.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      if (status) { status.textContent = button.getAttribute("data-asking"); }
      navigator.geolocation.getCurrentPosition(
        function (position) {
          setField(form, "lat", position.coords.latitude.toFixed(5));
          setField(form, "lon", position.coords.longitude.toFixed(5));
          var origin = form.querySelector('select[name="von"]');
          if (origin) { origin.value = ""; }
          form.submit();
        },
        function () {
          button.disabled = false;
          if (status) { status.textContent = button.getAttribute("data-refused"); }
          var origin = form.querySelector('select[name="von"]');
          if (origin) {
            var fold = origin.closest("details");
            if (fold) { fold.open = true; }
            origin.focus();
          }
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 }
      );
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
