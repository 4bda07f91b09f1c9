import { createDevApp } from '@backstage/dev-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import CloudUploadIcon from '@material-ui/icons/CloudUpload';
import ViewModuleIcon from '@material-ui/icons/ViewModule';
import {
  deploymentsPlugin,
  DeploymentsPage,
  EntityDeploymentsContent,
} from '../src';

// An entity as the catalog would hand it to the tab; `checkout` is one of
// the services the backend's `yarn demo` script fills with history.
const demoEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
  },
};

// Talks to the backend at backend.baseUrl (http://localhost:7007) as the
// guest user; start it with `yarn start` or `yarn dev` at the repo root.
createDevApp()
  .registerPlugin(deploymentsPlugin)
  .addPage({
    path: '/deployments',
    title: 'Deployments',
    icon: CloudUploadIcon,
    element: <DeploymentsPage />,
  })
  .addPage({
    path: '/entity-tab',
    title: 'Entity tab',
    icon: ViewModuleIcon,
    element: (
      <EntityProvider entity={demoEntity}>
        <EntityDeploymentsContent />
      </EntityProvider>
    ),
  })
  .render();
