// Colours for the charts from the Fluent theme in use (SVG attributes need real colours, not the
// CSS variables Fluent components use), so charts follow light, dark and high-contrast themes.
import type { Theme } from '@fluentui/react-components';
import { createContext, useContext } from 'react';

export const ThemeContext = createContext<Theme | null>(null);

export interface ChartColours {
  text: string;
  grid: string;
  series: [string, string, string];
}

export function useChartColours(): ChartColours {
  const t = useContext(ThemeContext);
  if (!t) return { text: '#424242', grid: '#d1d1d1', series: ['#5b5fc7', '#0f7b8a', '#8a8886'] };
  return {
    text: t.colorNeutralForeground2,
    grid: t.colorNeutralStroke2,
    series: [t.colorBrandBackground, t.colorPaletteTealForeground2, t.colorNeutralForeground4],
  };
}
