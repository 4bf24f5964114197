export { DownloadError, HubUnreachableError } from "./errors.js";
export { DEFAULT_ENDPOINT } from "./hub.js";
export { downloadModel, isModelComplete, writeManifest, type HubDownload, type ModelDownload } from "./model.js";
export { DEFAULT_PRESET, presetNames, presets, type Preset, type PresetName } from "./presets.js";
export { barProgress, lineProgress, type Progress } from "./progress.js";
export { chatModelFile, chatPresetNames, chatPresets, DEFAULT_CHAT_PRESET, downloadChatModel, type ChatPreset, type ChatPresetName } from "./chat-presets.js";
