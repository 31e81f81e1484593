/**
 * Stands in for papaparse, which @refinedev/core imports for its CSV import/export hooks. The
 * portal uses neither; without this stub the parser (about 19 KB) rode in every first load
 * (issue 14). Calling it is a programming error.
 */
const unused = () => {
  throw new Error('CSV import/export is not part of the portal');
};
export default { parse: unused, unparse: unused };
