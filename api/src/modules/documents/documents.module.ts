import type { ApiModule } from '../../core/module.js';
import { DocumentsResolver } from './documents.resolver.js';
import { exportRouter } from './export/export.routes.js';

/** Import and export as core sees them (core/module.ts): importPlan, and the .docx/PDF downloads. */
export const documentsModule: ApiModule = {
  name: 'documents',
  resolvers: [DocumentsResolver],
  routes: exportRouter,
};
