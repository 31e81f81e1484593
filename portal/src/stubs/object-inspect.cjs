/* global module */
/**
 * Stands in for object-inspect, which qs (through side-channel) requires only to describe a value
 * in an error message. A short description does; the real package (17 KB) rode in every first load
 * of the portal (issue 14).
 */
module.exports = function inspect(value) {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return typeof value;
  }
};
