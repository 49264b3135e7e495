/** The palette, exported so tests can look for the track and the land in the decoded pixels. */
export const MAP_COLOURS = {
  water: '#d4e6f5',
  land: '#f2eee3',
  coast: '#9c9482',
  graticule: '#b5c9dc',
  graticuleLabel: '#4f6377',
  track: '#d0201a',
  dark: '#2b2b2b',
  /** A gap that was not judged dark (reception hole, outage, no evidence): dotted in this grey. */
  unheard: '#8a8a8a',
  watchedAirport: '#f29b00',
  airport: '#333333',
  start: '#1a9850',
  end: '#1f4e99',
  text: '#1d1d1d',
  labelBox: '#ffffff',
} as const;
