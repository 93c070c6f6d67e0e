import { App } from './app.tsx';
import { mount } from './mount.tsx';

await mount('index.html', (host) => <App host={host} />);
