import { PromotionStage } from '@deploydash/plugin-deployments-common';

/** How the backend related two stages, in words. */
export function matchedByText(matchedBy: PromotionStage['matched_by']): string {
  switch (matchedBy) {
    case 'parent_deployments':
      return 'Linked through parent deployments';
    case 'version':
      return 'Matched by version';
    case 'sha':
      return 'Matched by commit SHA';
    default:
      // Without a link, what succeeded below after this stage's deployment waits.
      return 'No matching deployment; compared by time';
  }
}
