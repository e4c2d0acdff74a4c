/**
 * The add-in's composition root for the functions bundle: the store starts from the embedded
 * snapshot, so formulas answer with no network and no API key.
 */
import { embeddedSnapshotSeries } from '../data/snapshot/embeddedSnapshot';
import { MemoryStore } from '../data/store';
import { installStore } from './activeStore';
import './functions';

installStore(new MemoryStore(embeddedSnapshotSeries()));
