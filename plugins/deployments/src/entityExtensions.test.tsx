import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import deploymentsPlugin, {
  deploymentsEntityCard,
  deploymentsTeamEntityContent,
} from './alpha';
import * as legacy from './index';

function entity(kind: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
  };
}

describe('overview card and team tab extensions', () => {
  it('registers both with the plugin under stable ids', () => {
    expect(
      deploymentsPlugin.getExtension('entity-card:deployments/overview'),
    ).toBeDefined();
    expect(
      deploymentsPlugin.getExtension('entity-content:deployments/team'),
    ).toBeDefined();
  });

  it('shows the overview card where the service tab is', () => {
    const tester = createExtensionTester(deploymentsEntityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter!(entity('Component'))).toBe(true);
    expect(
      filter!(entity('Resource', { 'deployments/service-name': 'db' })),
    ).toBe(true);
    expect(filter!(entity('Group'))).toBe(false);
    expect(filter!(entity('API'))).toBe(false);
    // docs/install.md: app config may move it to the info column.
    const info = createExtensionTester(deploymentsEntityCard, {
      config: { type: 'info' },
    });
    expect(info.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
  });

  it('puts the team tab at deployments on Group entities only', () => {
    const tester = createExtensionTester(deploymentsTeamEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('deployments');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Deployments',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter!(entity('Group'))).toBe(true);
    expect(filter!(entity('group'))).toBe(true);
    expect(filter!(entity('Component'))).toBe(false);
    expect(filter!(entity('User'))).toBe(false);
    // A group that names a service has the service tab at that path instead.
    expect(
      filter!(entity('Group', { 'deployments/service-name': 'ops-bot' })),
    ).toBe(false);
  });

  it('exports both for the legacy frontend system', () => {
    expect(legacy.EntityDeploymentsCard).toBeInstanceOf(Function);
    expect(legacy.EntityTeamDeploymentsContent).toBeInstanceOf(Function);
  });
});
