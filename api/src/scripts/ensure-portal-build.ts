import { ensurePortalBuild } from './portal-build.js';

// Before `npm start`: the portal is (re)built only when its build is missing or stale.
console.log('kehoach: checking the portal build…');
console.log(ensurePortalBuild() ? 'kehoach: portal built' : 'kehoach: portal build is up to date');
