// The inbox's live view: each alert the server sends (server-sent events on the session) appears at the top. The
// script is the layout's, so it starts when the inbox is loaded and again when enhanced navigation brings it in.
(function () {
  var source = null;
  function start() {
    var list = document.getElementById("alerts");
    if (source) { source.close(); source = null; }
    if (!list || !window.EventSource) return;
    source = new EventSource("/api/alerts/stream");
    source.addEventListener("candidate", function (event) {
      try {
        var alert = JSON.parse(event.data);
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "/cases/" + encodeURIComponent(alert.caseId) + "/candidates/" + encodeURIComponent(alert.profileId);
        link.textContent = alert.caseId + " · " + alert.profileId + " · LR " + Number(alert.lr).toExponential(2);
        item.appendChild(link);
        document.getElementById("alerts").insertBefore(item, document.getElementById("alerts").firstChild);
      } catch (e) { /* a malformed event is skipped */ }
    });
  }
  start();
  if (window.Blazor) {
    window.Blazor.addEventListener("enhancedload", start);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      if (window.Blazor) window.Blazor.addEventListener("enhancedload", start);
    });
  }
})();
