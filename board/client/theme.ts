import {
  accentBaseColor,
  baseLayerLuminance,
  bodyFont,
  fluentAnchor,
  fluentButton,
  fluentOption,
  fluentSelect,
  fluentTab,
  fluentTabPanel,
  fluentTabs,
  fluentTextArea,
  fluentTextField,
  provideFluentDesignSystem,
  StandardLuminance,
  SwatchRGB,
} from '@fluentui/web-components';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/tokens';

/** The Fluent UI web components the board is built from, registered once. */
export function registerFluent(): void {
  provideFluentDesignSystem().register(fluentAnchor(), fluentButton(), fluentOption(), fluentSelect(), fluentTab(), fluentTabPanel(), fluentTabs(), fluentTextArea(), fluentTextField());
}

type Theme = Record<string, string | number>;

function swatch(hex: string): SwatchRGB | undefined {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  return m ? SwatchRGB.create(parseInt(m[1]!, 16) / 255, parseInt(m[2]!, 16) / 255, parseInt(m[3]!, 16) / 255) : undefined;
}

/**
 * Teams' theme (default, dark or contrast) applied twice from one source, @fluentui/tokens: as
 * CSS variables for the page itself, and as the Fluent components' design tokens (light or dark
 * layer, Teams' brand colour as the accent), so controls and page always match.
 */
export function applyTheme(name: string): void {
  const theme: Theme = name === 'dark' ? teamsDarkTheme : name === 'contrast' ? teamsHighContrastTheme : teamsLightTheme;
  const root = document.documentElement.style;
  for (const [k, v] of Object.entries(theme)) root.setProperty(`--${k}`, String(v));
  document.documentElement.dataset.theme = name;
  baseLayerLuminance.withDefault(name === 'dark' || name === 'contrast' ? StandardLuminance.DarkMode : StandardLuminance.LightMode);
  const accent = swatch(String(theme.colorBrandBackground));
  if (accent) accentBaseColor.withDefault(accent);
  bodyFont.withDefault('"Segoe UI", "Segoe UI Web (West European)", system-ui, -apple-system, sans-serif');
}
