import { mount } from '../mount.tsx';
import { ConfigApp } from './config-page.tsx';

await mount('config.html', (host) => <ConfigApp host={host} />);
