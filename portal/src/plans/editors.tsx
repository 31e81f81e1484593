import { lazyComponent } from '../common/lazy-component';

/**
 * The plan page's editors and dialogs, each loaded the first time it opens (issue 14: a reader of
 * a plan never downloads the forms, date pickers and selects of editing). `preloadEditors` fetches
 * them in idle time once the page shows an editable draft, so the first edit opens at once.
 */
export const NodeEditor = lazyComponent(
  () => import('./NodeEditor'),
  'NodeEditor',
  <div className="plan-node-editor plan-node-editor-loading" aria-busy="true" />,
);
export const DeleteNodeModal = lazyComponent(() => import('./DeleteNodeModal'), 'DeleteNodeModal');
export const OmitNodeModal = lazyComponent(() => import('./OmitNodeModal'), 'OmitNodeModal');
export const TargetEditorModal = lazyComponent(() => import('./TargetEditorModal'), 'TargetEditorModal');
export const PhaseEditorModal = lazyComponent(() => import('./PhaseMilestoneModals'), 'PhaseEditorModal');
export const MilestoneEditorModal = lazyComponent(() => import('./PhaseMilestoneModals'), 'MilestoneEditorModal');
export const HeaderEditorModal = lazyComponent(() => import('./HeaderEditors'), 'HeaderEditorModal');
export const LegalBasesModal = lazyComponent(() => import('./HeaderEditors'), 'LegalBasesModal');
export const TransitionModal = lazyComponent(() => import('./LifecycleModals'), 'TransitionModal');
export const IssueModal = lazyComponent(() => import('./LifecycleModals'), 'IssueModal');

export function preloadEditors() {
  for (const editor of [NodeEditor, DeleteNodeModal, OmitNodeModal, TargetEditorModal, PhaseEditorModal, HeaderEditorModal, TransitionModal]) editor.preload();
}
