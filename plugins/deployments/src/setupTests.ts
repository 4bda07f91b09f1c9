import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Component tests render MUI and recharts in jsdom. On a loaded 2-core CI
// machine a first render has taken over 5 s and a findBy over 1 s (seen in
// a full CI run), so both limits are raised; a test that really hangs still
// fails, later.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 5_000 });
