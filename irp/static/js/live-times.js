// Live discussions: show session times in the visitor's own time zone (from the
// browser), beside the session's zone that the server already printed. Progressive:
// without JavaScript the session's own time stays.
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var day = new Intl.DateTimeFormat("en-GB", {
    weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: zone
  });
  var clock = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit", minute: "2-digit", timeZone: zone, timeZoneName: "short"
  });
  var nodes = document.querySelectorAll("time[data-live-start]");
  Array.prototype.forEach.call(nodes, function (node) {
    var start = new Date(node.getAttribute("data-live-start"));
    var end = new Date(node.getAttribute("data-live-end"));
    if (isNaN(start) || isNaN(end)) return;
    node.textContent = day.format(start) + ", " + clock.format(start).replace(/ .*$/, "") +
      "–" + clock.format(end) + " (your time zone, " + zone.replace(/_/g, " ") + ")";
  });
})();
