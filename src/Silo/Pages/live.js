// The inbox's live view: each alert the server sends (server-sent events on the session) appears at the top.
(function () {
  var list = document.getElementById("alerts");
  if (!list || !window.EventSource) return;
  var source = new EventSource("/api/alerts/stream");
  source.addEventListener("candidate", function (event) {
    try {
      var alert = JSON.parse(event.data);
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "/cases/" + encodeURIComponent(alert.caseId) + "/candidates/" + encodeURIComponent(alert.profileId);
      link.textContent = alert.caseId + " · " + alert.profileId + " · LR " + Number(alert.lr).toExponential(2);
      item.appendChild(link);
      list.insertBefore(item, list.firstChild);
    } catch (e) { /* a malformed event is skipped */ }
  });
})();
