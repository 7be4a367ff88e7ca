/**
 * The status page's service worker, served as /t/sw.js so its scope is /t/ (the status pages only).
 * It shows a call reminder the hall pushed (already decrypted by the browser) and opens the ticket's
 * status page when the notification is tapped. Plain script with no imports: it runs in the browser's
 * worker, and CSP (worker-src 'self') admits it because it comes from this origin.
 */
export const SERVICE_WORKER_JS = `/* HallQ call reminders */
self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });
self.addEventListener('push', function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { title: '叫号提醒', body: event.data ? event.data.text() : '' }; }
  var title = data.title || '叫号提醒';
  var options = {
    body: data.body || '',
    tag: (data.kind || 'reminder') + ':' + (data.ticketId || ''),
    renotify: true,
    requireInteraction: data.kind === 'called',
    lang: 'zh-CN',
    data: { url: data.url || '/' }
  };
  event.waitUntil(Promise.all([
    self.registration.showNotification(title, options),
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (list) {
      list.forEach(function (c) { c.postMessage({ type: 'hallq:reminder', reminder: data }); });
    })
  ]));
});
self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || '/';
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) { if (list[i].url === url && 'focus' in list[i]) return list[i].focus(); }
    return self.clients.openWindow(url);
  }));
});
`;
