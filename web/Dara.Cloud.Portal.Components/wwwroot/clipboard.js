// Copy-to-clipboard for the portal's components (Dara.Cloud.Portal.Components.Interop.Clipboard).
// The Clipboard API needs a secure context (https or localhost) and a user gesture; both hold for a button click.
export function copyText(text) {
  return navigator.clipboard.writeText(text);
}
