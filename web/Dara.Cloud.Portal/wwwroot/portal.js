// Small helpers the portal's pages call from the server.
window.daraPortal = {
    // Remembers the light/dark choice for a year, so the next page load renders in it straight away.
    rememberTheme(cookie, dark) {
        document.cookie = `${cookie}=${dark ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax`;
    },
    // Marks the page as live (the circuit is connected), so tests and scripts know clicks are now handled.
    markInteractive() {
        document.body.dataset.daraInteractive = "true";
    },
};
