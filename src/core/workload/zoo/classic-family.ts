import { densenet121 } from './densenet';
import type { ZooEntry } from './entry';
import { googlenet } from './googlenet';
import { inceptionV3 } from './inception-v3';
import { resnet18, resnet34, resnet50, resnet101, resnet152 } from './resnet';
import { lstmDecoder, lstmEncoder } from './seq2seq';
import { squeezenet1_0, squeezenet1_1 } from './squeezenet';
import { unet } from './unet';
import { vgg16, vgg19 } from './vgg';

/**
 * Classic CNNs, U-Net and a seq2seq LSTM, in display order. Reference figures are torchvision's
 * weights metadata (`num_params`, `_ops` — its "GFLOPS" count multiply-accumulates of conv and
 * linear layers, REFERENCE.md §1) unless stated otherwise; all at the default input.
 */
export const CLASSIC_ZOO: ZooEntry[] = [
  {
    id: 'squeezenet1_0',
    name: 'SqueezeNet 1.0',
    defaultInput: 224,
    reference: 'torchvision squeezenet1_0: 0.819 G MACs, 1,248,424 params',
    build: (r) => squeezenet1_0(r),
  },
  {
    id: 'squeezenet1_1',
    name: 'SqueezeNet 1.1',
    defaultInput: 224,
    reference: 'torchvision squeezenet1_1: 349.15 M MACs, 1,235,496 params',
    build: (r) => squeezenet1_1(r),
  },
  {
    id: 'googlenet',
    name: 'GoogLeNet (Inception v1)',
    defaultInput: 224,
    reference: 'torchvision googlenet (no aux heads): 1.498 G MACs, 6,624,904 params',
    build: (r) => googlenet(r),
  },
  {
    id: 'inception_v3',
    name: 'Inception v3',
    defaultInput: 299,
    reference: 'torchvision inception_v3 (no aux): 5.713 G MACs, 23,834,568 params (27,161,264 with AuxLogits)',
    build: (r) => inceptionV3(r),
  },
  {
    id: 'resnet18',
    name: 'ResNet-18',
    defaultInput: 224,
    reference: 'torchvision resnet18: 1814.07 M MACs, 11,689,512 params',
    build: (r) => resnet18(r),
  },
  {
    id: 'resnet34',
    name: 'ResNet-34',
    defaultInput: 224,
    reference: 'torchvision resnet34: 3.664 G MACs, 21,797,672 params',
    build: (r) => resnet34(r),
  },
  {
    id: 'resnet50',
    name: 'ResNet-50',
    defaultInput: 224,
    reference: 'torchvision resnet50 (v1.5): 4089.18 M MACs, 25,557,032 params',
    build: (r) => resnet50(r),
  },
  {
    id: 'resnet101',
    name: 'ResNet-101',
    defaultInput: 224,
    reference: 'torchvision resnet101 (v1.5): 7.801 G MACs, 44,549,160 params',
    build: (r) => resnet101(r),
  },
  {
    id: 'resnet152',
    name: 'ResNet-152',
    defaultInput: 224,
    reference: 'torchvision resnet152 (v1.5): 11.514 G MACs, 60,192,808 params',
    build: (r) => resnet152(r),
  },
  {
    id: 'vgg16',
    name: 'VGG-16',
    defaultInput: 224,
    reference: 'torchvision vgg16: 15470.26 M MACs, 138,357,544 params',
    build: (r) => vgg16(r),
  },
  {
    id: 'vgg19',
    name: 'VGG-19',
    defaultInput: 224,
    reference: 'torchvision vgg19: 19.632 G MACs, 143,667,240 params',
    build: (r) => vgg19(r),
  },
  {
    id: 'densenet121',
    name: 'DenseNet-121',
    defaultInput: 224,
    reference: 'torchvision densenet121: 2.834 G MACs, 7,978,856 params',
    build: (r) => densenet121(r),
  },
  {
    id: 'unet',
    name: 'U-Net (original)',
    defaultInput: 572,
    reference: 'arXiv 1505.04597 Fig. 1 (572×572, 1→2 ch): 150.43 G MACs, 31,030,658 params',
    build: (r) => unet(r),
  },
  {
    id: 'lstm_encoder',
    name: 'LSTM seq2seq encoder',
    defaultInput: 32,
    reference: 'Sutskever et al. 2014: 4 × 1000 LSTM, 32M recurrent weights; input = sequence length',
    build: (t) => lstmEncoder(t),
  },
  {
    id: 'lstm_decoder',
    name: 'LSTM seq2seq decoder',
    defaultInput: 32,
    reference: 'Sutskever et al. 2014: 4 × 1000 LSTM + 80k softmax; input = sequence length',
    build: (t) => lstmDecoder(t),
  },
];
