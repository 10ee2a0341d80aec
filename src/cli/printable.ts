// Text that may quote the user's file (a message, a layer name, an argument) made safe for a
// terminal: control characters other than line breaks and tabs are shown as escapes (`\x1b`),
// never sent raw, so an ESC in a string of the script cannot recolour or clear the screen.

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export const printable = (text: string): string => text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
