// The one module that talks to the Rust side. Views call these functions and
// never `invoke` directly, so every command the UI uses is listed here.
// Errors arrive as { code, message }; anything else is wrapped to that shape.

const invoke = (cmd, args) => {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) {
    return Promise.reject({ code: 'internal', message: 'The app’s connection to its core is missing. Restart Section 11 Panel.' });
  }
  return tauri.core.invoke(cmd, args).catch((e) => {
    if (e && typeof e === 'object' && 'code' in e && 'message' in e) throw e;
    throw { code: 'internal', message: String(e) };
  });
};

export const startInfo = () => invoke('start_info');
export const openAudit = (path) => invoke('open_audit', { path });
export const createAudit = (path, partnership, year) => invoke('create_audit', { path, partnership, year });
export const openExample = () => invoke('open_example');
export const overview = () => invoke('overview');
export const closeAudit = () => invoke('close_audit');
export const chooseAuditToOpen = () => invoke('choose_audit_to_open');
export const chooseNewAuditPath = (suggested) => invoke('choose_new_audit_path', { suggested });
