// An app written for Bun: Bun.serve, which Node does not have. It listens on PORT, with
// reusePort as it would behind several processes of its own.
//   GET /        hello, with Bun's version
//   GET /health  200 ok
if (typeof Bun === 'undefined') throw new Error('this app runs under Bun only (runtime: bun)');

Bun.serve({
  port: Number(process.env.PORT ?? 3000),
  hostname: '127.0.0.1',
  reusePort: true,
  fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === '/health') return new Response('ok\n');
    if (path === '/') return new Response(`hello from Bun ${Bun.version} (pid ${process.pid})\n`);
    return new Response('not found\n', { status: 404 });
  },
});
